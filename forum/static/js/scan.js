/* Check-in desk: scan badges with the device's camera, and keep a live count of arrivals.
   Our own origin only: the browser's BarcodeDetector where it reads QR codes, otherwise
   the vendored jsQR (js/vendor/jsQR.js), loaded only when the camera is started. A code
   read is put in the scan box and sent the way a scanner's Enter would (app.js), so the
   keyboard, scanner and camera paths give the same answer. */
(function () {
  "use strict";

  var REPEAT_MS = 3000;  // the same badge held in view is sent once, not every frame
  var POLL_MS = 10000;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }

  function decoder(panel) {
    return nativeDetector().then(function (detector) {
      if (detector) {
        return function (video) {
          return detector.detect(video).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
      }
      return loadScript(panel.getAttribute("data-decoder-src")).then(function () {
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return function (video) {
          var width = video.videoWidth, height = video.videoHeight;
          if (!width || !height) { return Promise.resolve(null); }
          canvas.width = width;
          canvas.height = height;
          context.drawImage(video, 0, 0, width, height);
          var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
            { inversionAttempts: "dontInvert" });
          return Promise.resolve(found ? found.data : null);
        };
      });
    });
  }

  function camera(panel) {
    var form = document.querySelector("form[data-checkin-json]");
    var input = form && form.querySelector("[data-checkin-token]");
    var start = panel.querySelector("[data-camera-start]");
    var stop = panel.querySelector("[data-camera-stop]");
    var video = panel.querySelector("video");
    var status = panel.querySelector("[data-camera-status]");
    if (!form || !input || !start || !video || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia) { return; }
    panel.hidden = false;
    var stream = null, last = "", lastAt = 0, running = false;

    function say(attribute) { status.textContent = panel.getAttribute(attribute) || ""; }

    function halt() {
      running = false;
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.hidden = true;
      start.hidden = false;
      stop.hidden = true;
      say("data-text-stopped");
    }

    function send(code) {
      input.value = code;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.dispatchEvent(new Event("submit", { cancelable: true })); }
      document.dispatchEvent(new CustomEvent("checkin:scanned"));
    }

    start.addEventListener("click", function () {
      say("data-text-starting");
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          start.hidden = true;
          stop.hidden = false;
          return video.play().then(function () { return decoder(panel); });
        })
        .then(function (read) {
          running = true;
          say("data-text-running");
          function frame() {
            if (!running) { return; }
            read(video).then(function (code) {
              var now = Date.now();
              if (code && (code !== last || now - lastAt > REPEAT_MS)) {
                last = code;
                lastAt = now;
                send(code);
              }
            }).catch(function () {}).then(function () {
              window.setTimeout(frame, 150);
            });
          }
          frame();
        })
        .catch(function () { halt(); say("data-text-refused"); });
    });
    stop.addEventListener("click", halt);
  }

  function arrivals(box) {
    var url = box.getAttribute("data-arrivals");
    var count = box.querySelector("[data-arrivals-count]");
    if (!url || !count || !window.fetch) { return; }
    function refresh() {
      window.fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          // The server's sentence: its numbers are written the reader's way ("1 234").
          if (body && body.text) { count.textContent = body.text; }
        }).catch(function () {});
    }
    window.setInterval(refresh, POLL_MS);
    document.addEventListener("checkin:scanned", function () { window.setTimeout(refresh, 800); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-camera]").forEach(camera);
    document.querySelectorAll("[data-arrivals]").forEach(arrivals);
  });
}());
