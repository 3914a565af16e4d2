// The host page's own code: it listens for the events the embed script raises (no inline script, so
// this page can keep a strict CSP that allows the app's origin in script-src and frame-src only).
document.addEventListener('zelftoets:started', function (e) { log('started', e.detail); });
document.addEventListener('zelftoets:submitted', function (e) { log('submitted', e.detail); });
document.addEventListener('zelftoets:shared', function (e) { log('shared', e.detail); });
document.addEventListener('zelftoets:plan.updated', function (e) { log('plan-updated', e.detail); });

function log(type, detail) {
  var li = document.createElement('li');
  li.className = 'event event-' + type;
  li.textContent = type + (detail.area ? ' (' + detail.area + ')' : '') + (typeof detail.items === 'number' ? ': ' + detail.items + ' / ' + detail.done + ' / ' + detail.overdue : '');
  if (detail.reportUrl) {
    var a = document.createElement('a');
    a.href = detail.reportUrl;
    a.textContent = 'rapport';
    a.rel = 'noopener';
    a.target = '_blank';
    li.append(' — ', a);
  }
  document.getElementById('events').append(li);
}
