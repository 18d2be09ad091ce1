# Events, hearings and responses are modelled here (see the consultation issue).
