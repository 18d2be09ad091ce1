// Runs first in <head>: marks that JavaScript works, so CSS can rely on it (see .no-js).
document.documentElement.classList.remove("no-js");
