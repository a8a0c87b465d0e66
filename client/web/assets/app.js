// Ärendeflöde's only script (served as is, no build step; the CSP forbids inline scripts).
// Everything works without it: it refreshes the overview matrix in place and keeps the deadline
// countdowns current as days pass.
(function () {
  'use strict';

  /** Today's date in Stockholm, YYYY-MM-DD. */
  function stockholmToday() {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000);
  }

  function updateCountdowns(root) {
    var today = stockholmToday();
    var items = root.querySelectorAll('[data-deadline]');
    for (var i = 0; i < items.length; i++) {
      var days = daysBetween(today, items[i].getAttribute('data-deadline'));
      var text = days === 0 ? 'sista dag i dag' : days > 0 ? (days === 1 ? '1 dag kvar' : days + ' dagar kvar') : (days === -1 ? '1 dag sen' : -days + ' dagar sen');
      if (items[i].textContent !== text) items[i].textContent = text;
      items[i].classList.toggle('late', days < 0);
    }
  }

  function startRefresh(region) {
    var url = region.getAttribute('data-refresh-url');
    var seconds = Number(region.getAttribute('data-refresh-seconds')) || 15;
    var status = document.getElementById('refresh-status');
    var busy = false;
    function refresh() {
      // Never pull the content away from under the keyboard focus.
      if (busy || region.contains(document.activeElement) || document.hidden) return;
      busy = true;
      fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (markup) {
          if (markup !== region.getAttribute('data-last')) {
            region.innerHTML = markup;
            region.setAttribute('data-last', markup);
            updateCountdowns(region);
          }
          if (status) status.textContent = 'Uppdaterad ' + new Date().toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm' });
        })
        .catch(function () {
          if (status) status.textContent = 'Kunde inte uppdatera; försöker igen om ' + seconds + ' sekunder.';
        })
        .then(function () {
          busy = false;
        });
    }
    setInterval(refresh, seconds * 1000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    updateCountdowns(document);
    var region = document.getElementById('matris');
    if (region && region.getAttribute('data-refresh-url')) startRefresh(region);
    setInterval(function () {
      updateCountdowns(document);
    }, 60000);
  });
})();
