using System.Globalization;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

/// <summary>An entry as the calendar library reads it (FullCalendar's event object).</summary>
public sealed record CalendarEvent(string Title, string Start, string End, string? Url, string ClassName, bool AllDay);

/// <summary>
/// The change calendar: scheduled changes and the policy's freeze, blackout and maintenance windows, drawn by FullCalendar
/// from <c>?handler=Events</c>, with the month's conflicts listed below it (and every entry in a table for those without scripts).
/// </summary>
public sealed class CalendarModel(ChangeCalendar calendar, TimeProvider clock) : PageModel
{
    /// <summary>The month shown, <c>yyyy-MM</c>; this month when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public DateTime From { get; private set; }

    public IReadOnlyList<CalendarEntry> Entries { get; private set; } = [];

    public IReadOnlyList<ChangeConflict> Conflicts { get; private set; } = [];

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = clock.UtcNow();
        From = Month is not null && DateTime.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var month) && month.Year < DateTime.MaxValue.Year
            ? DateTime.SpecifyKind(month, DateTimeKind.Utc)
            : new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var found = await calendar.GetAsync(From, From.AddMonths(1), service: null, environment: null, cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            return;
        }
        (Entries, Conflicts) = found.Value;
    }

    /// <summary>FullCalendar's event feed: it asks for the visible range with ISO <c>start</c> and <c>end</c>.</summary>
    public async Task<IActionResult> OnGetEventsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var found = await calendar.GetAsync(start.UtcDateTime, end.UtcDateTime, service: null, environment: null, cancellationToken);
        if (!found.Succeeded)
            return BadRequest(found.Error.Message);
        return new JsonResult(found.Value.Entries.Select(e => new CalendarEvent(
            e.Title, Display.Iso(e.Start), Display.Iso(e.End > e.Start ? e.End : e.Start.AddMinutes(30)),
            e.Change is { } change ? $"/changes/{change.Number}" : null, "entry-" + WireNames.Of(e.Kind), AllDay: false)));
    }
}
