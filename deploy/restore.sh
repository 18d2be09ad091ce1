#!/bin/sh
# Restore a backup written by deploy/backup.sh into an EMPTY database and uploads folder.
#
#   createdb medborger_restored
#   DATABASE_URL=postgres://.../medborger_restored MEDIA_ROOT=/srv/medborger-media-restored \
#       deploy/restore.sh /srv/backups/medborger-20261203T023000Z
#
# Checks the files' SHA-256 sums, refuses a database that already has tables or an uploads
# folder that is not empty, restores the dump in one transaction (all or nothing) and unpacks
# the uploads. Then run `manage.py migrate` (a no-op for a backup of the same release) and point
# the instances at the restored database and folder.
set -eu

folder=${1:?usage: restore.sh <backup folder>}
: "${DATABASE_URL:?DATABASE_URL must name the empty database to restore into}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the empty uploads folder to restore into}"

(cd "$folder" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql "$DATABASE_URL" --no-psqlrc --tuples-only --no-align \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: the database already has $tables tables; restore into an empty one" >&2
  exit 1
fi
mkdir -p "$MEDIA_ROOT"
if [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
  echo "restore.sh: $MEDIA_ROOT is not empty; restore into an empty folder" >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$DATABASE_URL" "$folder/db.dump"
tar --extract --file "$folder/media.tar" --directory "$MEDIA_ROOT"
echo "restored $folder"
