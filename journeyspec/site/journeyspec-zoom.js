/* journeyspec pages: every picture opens full size over the page, to zoom and pan.
 *
 * A click on a picture (a `.js-picture` link) opens the same SVG in a full-window
 * <dialog>: it starts fitted to the window; the wheel, a pinch or the buttons zoom,
 * a drag pans, `1:1` shows it at its drawn size, Esc or × closes; the keys + - 0 1
 * do what the buttons do. The zooming is Panzoom (vendor/panzoom, MIT), loaded just
 * before this file; it moves the picture with a CSS transform, so the SVG stays sharp
 * and nothing is fetched from outside.
 * Without JavaScript the link still opens the picture on its own.
 */
(function () {
  "use strict";

  var MAX_SCALE = 12;
  var view = null;

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "js-zoom__button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.dataset.action = action;
    return b;
  }

  function build() {
    var dialog = document.createElement("dialog");
    dialog.className = "js-zoom";
    dialog.setAttribute("aria-label", "Picture at full size");
    var bar = document.createElement("div");
    bar.className = "js-zoom__bar";
    var title = document.createElement("span");
    title.className = "js-zoom__title";
    bar.appendChild(title);
    [
      button("+", "Zoom in", "in"),
      button("\u2212", "Zoom out", "out"),
      button("Fit", "Fit the picture to the window", "fit"),
      button("1:1", "Show the picture at its drawn size", "actual"),
    ].forEach(function (b) { bar.appendChild(b); });
    var own = document.createElement("a");
    own.className = "js-zoom__button js-zoom__own";
    own.textContent = "Open";
    own.title = "Open the picture on its own";
    bar.appendChild(own);
    bar.appendChild(button("\u00d7", "Close (Esc)", "close"));
    var stage = document.createElement("div");
    stage.className = "js-zoom__stage";
    var img = document.createElement("img");
    img.className = "js-zoom__img";
    img.draggable = false;
    stage.appendChild(img);
    dialog.appendChild(bar);
    dialog.appendChild(stage);
    document.body.appendChild(dialog);

    var state = { dialog: dialog, stage: stage, img: img, title: title, own: own, panzoom: null, fit: 1 };
    bar.addEventListener("click", function (event) {
      var action = event.target.dataset && event.target.dataset.action;
      var pz = state.panzoom;
      if (action === "close") dialog.close();
      else if (pz && action === "in") pz.zoomIn();
      else if (pz && action === "out") pz.zoomOut();
      else if (pz && action === "fit") pz.reset();
      else if (pz && action === "actual") { pz.zoom(1); pz.pan(0, 0); }
    });
    // Keys as in most viewers: + and - zoom, 0 fits, 1 shows the drawn size (Esc closes: the dialog's own).
    var keys = { "+": "in", "=": "in", "-": "out", "0": "fit", "1": "actual" };
    dialog.addEventListener("keydown", function (event) {
      var action = !event.ctrlKey && !event.metaKey && !event.altKey && keys[event.key];
      if (!action) return;
      event.preventDefault();
      bar.querySelector('[data-action="' + action + '"]').click();
    });
    stage.addEventListener("wheel", function (event) {
      if (state.panzoom) state.panzoom.zoomWithWheel(event);
    }, { passive: false });
    dialog.addEventListener("close", function () {
      if (state.panzoom) state.panzoom.destroy();
      state.panzoom = null;
      img.removeAttribute("src");
      document.documentElement.classList.remove("js-zoom-open");
    });
    // A click on the dark margin around the picture closes the view, as in most viewers.
    stage.addEventListener("click", function (event) {
      if (event.target === stage && state.panzoom && !state.moved) dialog.close();
    });
    return state;
  }

  function start(state) {
    var img = state.img;
    var width = img.naturalWidth, height = img.naturalHeight;
    img.style.width = width + "px";
    img.style.height = height + "px";
    var room = state.stage.getBoundingClientRect();
    // Fitted to the window, never enlarged past the drawn size to start with.
    state.fit = Math.min(1, (room.width - 32) / width, (room.height - 32) / height);
    state.moved = false;
    state.panzoom = Panzoom(img, {
      startScale: state.fit,
      minScale: Math.min(state.fit, 1) / 2,
      maxScale: MAX_SCALE,
      step: 0.3,
      canvas: true,
      cursor: "grab",
    });
    img.addEventListener("panzoomstart", function () { state.moved = false; });
    img.addEventListener("panzoompan", function () { state.moved = true; });
  }

  function open(link) {
    if (typeof Panzoom !== "function" || typeof HTMLDialogElement !== "function") return false;
    view = view || build();
    var picture = link.querySelector("img");
    view.title.textContent = picture ? picture.alt : "";
    view.img.alt = picture ? picture.alt : "";
    view.own.href = link.href;
    if (view.panzoom) view.panzoom.destroy();
    view.panzoom = null;
    view.img.onload = function () { start(view); };
    view.img.removeAttribute("style");
    document.documentElement.classList.add("js-zoom-open");
    view.dialog.showModal();
    view.img.src = link.href;
    return true;
  }

  function wire(root) {
    root.querySelectorAll(".js-picture a").forEach(function (link) {
      if (link.dataset.jsZoom) return;
      link.dataset.jsZoom = "1";
      link.title = "Open full size: zoom with the wheel or the buttons, drag to move";
      link.addEventListener("click", function (event) {
        // A new tab or window (ctrl/cmd/shift/middle click) still opens the picture on its own.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        if (open(link)) event.preventDefault();
      });
    });
  }

  // Material's instant navigation swaps pages without a load event; `document$` announces each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { wire(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
})();
