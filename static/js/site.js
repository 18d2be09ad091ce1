// Marks that JavaScript works, so CSS can rely on it (see .no-js in medborger.css).
document.querySelector(".site-header")?.classList.remove("no-js");

// A page that shows a job's progress (a report, an analysis, a journal package) refreshes itself
// until the job is done; the page also links to itself for those without JavaScript.
const progress = document.querySelector("[data-refresh-seconds]");
if (progress) {
  const seconds = parseInt(progress.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(() => window.location.reload(), seconds * 1000);
}
