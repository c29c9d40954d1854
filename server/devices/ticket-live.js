/*
 * The ticket's phone page, kept up to date without reloading (served as
 * /t/ticket-live.js; the page's CSP allows scripts from the hall server only).
 *
 * Every `data-every` seconds it asks for the ticket's JSON view (data-live:
 * /t/<day>/<number>.json — a few hundred bytes, 304 when nothing changed) and
 * puts the new words into the page; the words live in an aria-live="polite"
 * region, so a screen reader reads the change. It pauses while the page is
 * hidden, asks at once when it is shown again, and stops when the ticket has
 * ended or is gone. Plain ES2017, no build step: it runs on old phones too.
 */
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-live');
  var everyMs = Math.max(5, Number(body.getAttribute('data-every')) || 15) * 1000;
  if (!url || body.getAttribute('data-ended') === 'true') return;

  var timer = null;
  var busy = false;
  var stopped = false;

  function put(id, text) {
    var el = document.getElementById(id);
    if (!el) return;
    el.hidden = text === null || text === undefined || text === '';
    if (!el.hidden && el.textContent !== text) el.textContent = text;
  }

  function stop() {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function later() {
    if (!stopped && !document.hidden && timer === null && !busy) timer = setTimeout(ask, everyMs);
  }

  function ask() {
    timer = null;
    if (stopped || busy) return;
    busy = true;
    fetch(url, { cache: 'no-cache', credentials: 'omit', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 404) {
          put('state', body.getAttribute('data-gone'));
          put('wait', null);
          stop();
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(
        function (view) {
          busy = false;
          if (view) {
            put('mark', view.classMark);
            put('state', view.state);
            put('wait', view.wait);
            put('rule', view.rule);
            // 办结 with 好差评 on: load the page again once, so it shows the rating form.
            if (view.status === 'done' && body.getAttribute('data-rate') === 'after-service') {
              stop();
              location.reload();
              return;
            }
            if (view.ended) stop();
          }
          later();
        },
        function () {
          // Offline for a moment (a phone on 4G): try again at the next turn.
          busy = false;
          later();
        },
      );
  }

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else if (!stopped && timer === null && !busy) {
      ask();
    }
  });
  later();
})();
