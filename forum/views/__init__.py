"""The forum's pages: public (`public`), members, meetings, action plans and budget."""
