// Entry point of the proof-of-work bundle for the public forms (built by `make vendor` with
// esbuild, see scripts/vendor.py). ALTCHA's "external" build keeps its styles and its workers
// in separate files, so the strict Content-Security-Policy needs no inline style or blob: worker.
import "altcha/external";
import "altcha/i18n/da";

// The worker that derives the keys (PBKDF2 with Web Crypto) lies beside this bundle. Registered
// synchronously here, before the widget's first verification gets past its first `await`.
const base = document.currentScript ? document.currentScript.src : window.location.href;
const workerUrl = new URL("altcha-pbkdf2-worker.js", base).href;
for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) {
  globalThis.$altcha.algorithms.set(algorithm, () => new Worker(workerUrl));
}
