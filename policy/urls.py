app_name = "policy"

#: Documents, versions, comparison, restore, review and export (policy-drafts issue).
document_patterns = []

#: The revision process: milestones, groups, tasks, stakeholders, calendar (timeline issue).
process_patterns = []

#: Importing terms of reference from Word, Markdown or text (import issue).
import_patterns = []

urlpatterns = document_patterns + process_patterns + import_patterns
