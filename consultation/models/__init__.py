from .events import Event, EventNote, SignUp, SignUpAttempt, SignUpErasure

__all__ = ["Event", "EventNote", "SignUp", "SignUpAttempt", "SignUpErasure"]
