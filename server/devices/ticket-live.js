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
 *
 * 手机提醒: when the view carries an alert (near: at most N ahead; called: at
 * every call and recall) the page shows a full-screen banner with the number
 * and the window, puts it in the tab's title, vibrates where the phone allows
 * and sounds a chime once the visitor has tapped 开启声音和振动提醒 (phones
 * play sound and vibrate only after a tap). Each alert (its `key`) sounds once.
 * When the hall server has not answered for a while it says so, with the time
 * of the last answer, so nobody trusts a stale 前面还有 3 人.
 */
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-live');
  var everyMs = Math.max(5, Number(body.getAttribute('data-every')) || 15) * 1000;
  var timeZone = body.getAttribute('data-tz') || 'Asia/Shanghai';
  var baseTitle = document.title;
  var banner = document.getElementById('alert');
  var soundButton = document.getElementById('sound');
  var staleNote = document.getElementById('stale');

  /** Alert keys already sounded: each alert once (a banner dismissed with 知道了 stays away until the next). */
  var sounded = {};
  var dismissed = null;
  var audio = null;
  var lastOk = Date.now();

  function chime() {
    if (!audio || audio.state !== 'running') return;
    // Two rising tones, 0.5 s: heard in a busy hall, not a fright.
    [0, 0.25].forEach(function (at, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = i === 0 ? 660 : 880;
      gain.gain.value = 0.4;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.22);
    });
  }

  function buzz() {
    if (navigator.vibrate) {
      try {
        navigator.vibrate([300, 150, 300]);
      } catch (_refused) {
        // Not allowed without a tap on some phones: the banner and the title still tell.
      }
    }
  }

  function showAlert(alert) {
    if (!banner) return;
    if (!alert) {
      banner.hidden = true;
      banner.removeAttribute('data-kind');
      document.title = baseTitle;
      dismissed = null;
      return;
    }
    document.title = alert.title;
    var text = document.getElementById('alert-text');
    if (text && text.textContent !== alert.text) text.textContent = alert.text;
    banner.setAttribute('data-kind', alert.kind);
    if (dismissed !== alert.key) banner.hidden = false;
    if (!sounded[alert.key]) {
      sounded[alert.key] = true;
      chime();
      buzz();
    }
  }

  var ok = document.getElementById('alert-ok');
  if (banner && ok)
    ok.addEventListener('click', function () {
      banner.hidden = true;
      dismissed = body.getAttribute('data-alert-key');
    });

  if (soundButton && (window.AudioContext || window.webkitAudioContext)) {
    soundButton.hidden = false;
    soundButton.addEventListener('click', function () {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!audio) audio = new Ctx();
      var done = function () {
        soundButton.textContent = '已开启声音和振动提醒';
        soundButton.disabled = true;
        chime();
        buzz();
      };
      if (audio.state === 'running') done();
      else audio.resume().then(done, function () {});
    });
  }

  function clock(ms) {
    try {
      return new Date(ms).toLocaleTimeString('zh-CN', { hour12: false, timeZone: timeZone });
    } catch (_noTimeZones) {
      return new Date(ms).toLocaleTimeString();
    }
  }

  function answered() {
    lastOk = Date.now();
    if (staleNote) staleNote.hidden = true;
  }

  /** No answer for two turns (a failed ask, or one that hangs on a weak signal): say the page may be behind. */
  function checkStale() {
    if (!staleNote || Date.now() - lastOk <= 2 * everyMs) return;
    staleNote.textContent = `网络不稳定，以上信息可能不是最新（最后更新 ${clock(lastOk)}），正在重试…`;
    staleNote.hidden = false;
  }

  // Opened while already near or called: nothing new to sound; near shows no banner over the page it opened.
  var initialKey = body.getAttribute('data-alert-key');
  if (initialKey) {
    sounded[initialKey] = true;
    if (banner && banner.hidden) dismissed = initialKey;
  }

  if (!url || body.getAttribute('data-ended') === 'true') return;

  var timer = null;
  var busy = false;
  var stopped = false;
  var staleTimer = setInterval(checkStale, everyMs);

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
    clearInterval(staleTimer);
    if (staleNote) staleNote.hidden = true;
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
          showAlert(null);
          stop();
          return null;
        }
        if (res.ok) answered();
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
            body.setAttribute('data-alert-key', view.alert ? view.alert.key : '');
            showAlert(view.alert);
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
          // Offline for a moment (a phone on 4G): try again at the next turn (checkStale says so if it lasts).
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
