// PartnerUp's own behaviour, loaded as a file: the Content-Security-Policy allows no inline code.
"use strict";

document.addEventListener("click", (event) => {
  const print = event.target.closest("[data-print]");
  if (print) {
    event.preventDefault();
    window.print();
  }
});
