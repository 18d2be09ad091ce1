app_name = "policy"

#: Documents, versions, comparison, restore, review and export (policy-drafts issue).
document_patterns = []

#: The revision process: milestones, groups, tasks, stakeholders, calendar (timeline issue).
process_patterns = []

urlpatterns = document_patterns + process_patterns
