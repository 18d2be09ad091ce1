#!/bin/sh
# Back up Medborger: the PostgreSQL database (pg_dump, custom format) and the uploads.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/medborger-media deploy/backup.sh /srv/backups
#
# Writes <dir>/medborger-<UTC time>/ with db.dump, media.tar and SHA256SUMS, and prints that
# folder's path. The database is dumped first, then the uploads are archived: a file is saved
# before its row is committed, so every attachment the dump names is in the archive (a file
# uploaded in between is in it too, unused). deploy/restore.sh puts a backup back.
# medborger/tests/test_backup_restore.py runs both against PostgreSQL and checks the result.
set -eu

target=${1:?usage: backup.sh <backup folder>}
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the uploads folder}"
[ -d "$MEDIA_ROOT" ] || { echo "backup.sh: MEDIA_ROOT $MEDIA_ROOT is not a folder" >&2; exit 1; }

folder="$target/medborger-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$folder.partial"
trap 'rm -rf "$folder.partial"' EXIT

# --no-owner/--no-privileges: the backup restores into a database owned by any role.
pg_dump --format=custom --no-owner --no-privileges --file "$folder.partial/db.dump" "$DATABASE_URL"
tar --create --file "$folder.partial/media.tar" --directory "$MEDIA_ROOT" .
(cd "$folder.partial" && sha256sum db.dump media.tar > SHA256SUMS)

mv "$folder.partial" "$folder"
trap - EXIT
echo "$folder"
