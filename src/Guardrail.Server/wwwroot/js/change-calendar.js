// The change calendar: FullCalendar reads the month's changes and windows from the page's Events handler.
(function () {
  const element = document.getElementById('calendar');
  if (!element || !window.FullCalendar) return;
  const calendar = new FullCalendar.Calendar(element, {
    initialView: 'dayGridMonth',
    initialDate: element.dataset.initial,
    timeZone: 'UTC',
    firstDay: 1,
    height: 'auto',
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listMonth' },
    events: { url: '/changes/calendar?handler=Events' },
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
  });
  calendar.render();
})();
