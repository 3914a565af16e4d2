/*
 * Zelftoets embed: places a programme's test in an iframe on the host page.
 *   <script src="https://<app>/embed.js" data-programme="ABCD3467" data-area="ai" data-lang="en" data-accent="#0b5cad" async></script>
 * data-mode="scan" starts with the quick scan instead of the full test.
 * The iframe resizes to its content. The host page receives "zelftoets:started", "zelftoets:submitted" (on
 * submit), "zelftoets:shared" (detail.reportUrl: a read-only link to the report) and "zelftoets:plan.updated"
 * (detail.items, detail.done, detail.overdue: the action plan's counts after a change) as DOM events on this
 * script element (they bubble to document). A frame that does not report ready within READY_MS was probably
 * refused (a site not on the programme's list): a short text with a link to the test is shown in its place,
 * and the frame comes back if it reports ready later (a slow connection, not a refusal).
 * No inline code, no cookies; only messages from our own origin and our own iframe are accepted.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var appOrigin = new URL(script.src).origin;
  var data = function (name) { return (script.getAttribute('data-' + name) || '').trim(); };
  var code = data('programme').toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{4,12}$/.test(code)) {
    console.error('zelftoets embed: data-programme must be the programme\'s code');
    return;
  }
  var params = new URLSearchParams();
  params.set('origin', location.origin);
  var area = data('area');
  if (/^[a-z0-9][a-z0-9-]{0,79}$/.test(area)) params.set('area', area);
  var lang = data('lang') === 'en' ? 'en' : 'nl';
  params.set('lang', lang);
  // Only a hex colour is passed on; anything else is ignored rather than trusted.
  var accent = data('accent');
  if (/^#(?:[0-9a-fA-F]{3}){1,2}$/.test(accent)) params.set('accent', accent);
  // data-mode="scan" opens the quick scan first (about ten questions, an indicative result, then the full
  // test with the answers kept); anything else is the full test.
  if (data('mode') === 'scan') params.set('mode', 'scan');

  var iframe = document.createElement('iframe');
  iframe.src = appOrigin + '/embed/' + encodeURIComponent(code) + '?' + params.toString();
  iframe.title = data('title') || (lang === 'en' ? 'Public values self-assessment' : 'Publieke Waarden Zelftoets');
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.style.height = '640px';
  iframe.className = 'zelftoets-embed';
  script.parentNode.insertBefore(iframe, script.nextSibling);

  // A refused frame raises no error the host can see (the browser only logs a CSP line), so silence is
  // the signal. But silence can also be a slow line or a busy server: the frame stays in the page, hidden,
  // and takes the hint's place again if it answers after all.
  var READY_MS = 12000;
  var ready = false;
  var hint = null;
  var timer = setTimeout(function () {
    if (ready || !iframe.parentNode) return;
    hint = document.createElement('div');
    hint.className = 'zelftoets-embed-hint';
    hint.setAttribute('role', 'note');
    hint.style.cssText = 'border:1px solid #888;padding:1rem;border-radius:4px;font:inherit;';
    var p = document.createElement('p');
    p.textContent = lang === 'en'
      ? 'The self-assessment cannot be shown on this page: this site is not on the programme\'s list of sites that may embed it. Programme managers add it under "Embedding and integrations". Meanwhile you can take the test on its own site:'
      : 'De zelftoets kan hier niet worden getoond: deze site staat niet in de lijst van sites die hem mogen insluiten. Beheerders van het programma zetten hem erbij onder "Insluiten en koppelingen". Je kunt de toets intussen op zijn eigen site doen:';
    var a = document.createElement('a');
    // In the hint's language: the join page takes it from ?lang=, and would otherwise open in Dutch.
    a.href = appOrigin + '/join/' + encodeURIComponent(code) + '?lang=' + lang;
    a.textContent = lang === 'en' ? 'Take the test' : 'Naar de toets';
    a.target = '_blank';
    a.rel = 'noopener';
    hint.appendChild(p);
    hint.appendChild(a);
    iframe.parentNode.insertBefore(hint, iframe);
    iframe.style.display = 'none';
    console.warn('zelftoets embed: no answer from the frame; is ' + location.origin + ' listed among the programme\'s embed sites?');
  }, READY_MS);

  window.addEventListener('message', function (event) {
    if (event.origin !== appOrigin || event.source !== iframe.contentWindow) return;
    var msg = event.data;
    if (!msg || msg.source !== 'zelftoets' || typeof msg.type !== 'string') return;
    if (!ready) {
      ready = true;
      clearTimeout(timer);
      if (hint) {
        hint.remove();
        hint = null;
        iframe.style.display = '';
      }
    }
    if (msg.type === 'ready') return;
    if (msg.type === 'resize') {
      if (typeof msg.height === 'number' && msg.height > 100 && msg.height < 50000) iframe.style.height = Math.ceil(msg.height) + 'px';
      return;
    }
    if (msg.type === 'started' || msg.type === 'submitted' || msg.type === 'shared' || msg.type === 'plan.updated') {
      var detail = { programme: code, area: typeof msg.area === 'string' ? msg.area : null };
      if (msg.type === 'shared' && typeof msg.reportUrl === 'string' && msg.reportUrl.indexOf(appOrigin + '/') === 0) detail.reportUrl = msg.reportUrl;
      if (msg.type === 'plan.updated') {
        // Counts only, and only whole numbers in range are passed on.
        var count = function (n) { return typeof n === 'number' && n >= 0 && n <= 100 && Math.floor(n) === n ? n : 0; };
        detail.items = count(msg.items);
        detail.done = count(msg.done);
        detail.overdue = count(msg.overdue);
      }
      script.dispatchEvent(new CustomEvent('zelftoets:' + msg.type, { bubbles: true, detail: detail }));
    }
  });
})();
