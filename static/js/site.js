// Marks that JavaScript works, so CSS can rely on it (see .no-js in medborger.css).
document.querySelector(".site-header")?.classList.remove("no-js");
