using Guardrail.Core.Incidents;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>Business hours in Berlin, Monday to Friday 09:00 to 17:00; 2026's clocks change on 29 March and 25 October.</summary>
public sealed class SlaClockTests
{
    private static readonly DayOfWeek[] s_weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly TimeZoneInfo s_berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static BusinessHoursCalendar Berlin(params DateOnly[] holidays) =>
        new(new BusinessHours("Europe/Berlin", s_weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0)), holidays);

    /// <summary>A Berlin wall-clock time as the UTC instant it is.</summary>
    private static DateTime Local(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), s_berlin);

    private static TimeRange Range(DateTime start, DateTime end) => new(start, end);

    [Fact]
    public void Within_a_working_day_the_target_is_added_as_it_is() =>
        Assert.Equal(Local(2026, 11, 23, 12), SlaClock.DueAt(Berlin(), Local(2026, 11, 23, 10), TimeSpan.FromHours(2), []));

    [Fact]
    public void The_night_does_not_count() =>
        Assert.Equal(Local(2026, 11, 24, 10), SlaClock.DueAt(Berlin(), Local(2026, 11, 23, 16), TimeSpan.FromHours(2), []));

    [Fact]
    public void Before_opening_time_the_clock_starts_at_nine() =>
        Assert.Equal(Local(2026, 11, 23, 10), SlaClock.DueAt(Berlin(), Local(2026, 11, 23, 7), TimeSpan.FromHours(1), []));

    [Fact]
    public void The_weekend_does_not_count()
    {
        var friday = Local(2026, 11, 27, 16);

        Assert.Equal(Local(2026, 11, 30, 10), SlaClock.DueAt(Berlin(), friday, TimeSpan.FromHours(2), []));
        Assert.Equal(TimeSpan.FromHours(1), SlaClock.Elapsed(Berlin(), friday, Local(2026, 11, 29, 23), []));
    }

    [Fact]
    public void A_holiday_does_not_count()
    {
        var christmasEve = Local(2026, 12, 24, 16);
        var calendar = Berlin(new DateOnly(2026, 12, 25));

        Assert.Equal(Local(2026, 12, 28, 10), SlaClock.DueAt(calendar, christmasEve, TimeSpan.FromHours(2), []));
        Assert.Equal(TimeSpan.FromHours(9), SlaClock.Elapsed(calendar, christmasEve, Local(2026, 12, 29, 9), []));
    }

    [Fact]
    public void Over_the_spring_change_the_due_time_is_the_same_wall_clock_time_an_hour_earlier_in_utc()
    {
        var friday = Local(2026, 3, 27, 16);

        var due = SlaClock.DueAt(Berlin(), friday, TimeSpan.FromHours(2), []);

        Assert.Equal(new DateTime(2026, 3, 27, 15, 0, 0, DateTimeKind.Utc), friday);
        Assert.Equal(new DateTime(2026, 3, 30, 8, 0, 0, DateTimeKind.Utc), due);
        Assert.Equal(TimeSpan.FromHours(2), SlaClock.Elapsed(Berlin(), friday, due, []));
    }

    [Fact]
    public void Over_the_autumn_change_the_due_time_is_the_same_wall_clock_time_an_hour_later_in_utc()
    {
        var friday = Local(2026, 10, 23, 16);

        Assert.Equal(new DateTime(2026, 10, 23, 14, 0, 0, DateTimeKind.Utc), friday);
        Assert.Equal(new DateTime(2026, 10, 26, 9, 0, 0, DateTimeKind.Utc), SlaClock.DueAt(Berlin(), friday, TimeSpan.FromHours(2), []));
    }

    [Fact]
    public void Working_hours_that_span_the_change_are_an_hour_shorter_in_spring_and_longer_in_autumn()
    {
        var sundayNight = new BusinessHoursCalendar(new BusinessHours("Europe/Berlin", [DayOfWeek.Sunday], new TimeOnly(1, 0), new TimeOnly(5, 0)), []);

        Assert.Equal(TimeSpan.FromHours(3), SlaClock.Elapsed(sundayNight, new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc), []));
        Assert.Equal(TimeSpan.FromHours(5), SlaClock.Elapsed(sundayNight, new DateTime(2026, 10, 24, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 26, 0, 0, 0, DateTimeKind.Utc), []));
    }

    [Fact]
    public void A_start_in_the_skipped_hour_is_the_moment_the_clocks_jump()
    {
        var fromTwoThirty = new BusinessHoursCalendar(new BusinessHours("Europe/Berlin", [DayOfWeek.Sunday], new TimeOnly(2, 30), new TimeOnly(5, 0)), []);

        var opening = fromTwoThirty.OpenFrom(new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc)).First();

        Assert.Equal(Range(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 29, 3, 0, 0, DateTimeKind.Utc)), opening);
    }

    [Fact]
    public void Around_the_clock_counts_nights_weekends_and_real_hours_over_a_daylight_saving_change()
    {
        var saturdayEvening = Local(2026, 3, 28, 22);

        Assert.Equal(TimeSpan.FromHours(5), SlaClock.Elapsed(SlaCalendar.AroundTheClock, saturdayEvening, Local(2026, 3, 29, 4), []));
        Assert.Equal(saturdayEvening.AddHours(4), SlaClock.DueAt(SlaCalendar.AroundTheClock, saturdayEvening, TimeSpan.FromHours(4), []));
    }

    [Fact]
    public void A_pause_moves_the_due_time_by_the_business_time_it_covers()
    {
        var monday = Local(2026, 11, 23, 10);

        var due = SlaClock.DueAt(Berlin(), monday, TimeSpan.FromHours(4), [Range(Local(2026, 11, 23, 11), Local(2026, 11, 23, 12))]);

        Assert.Equal(Local(2026, 11, 23, 15), due);
    }

    [Fact]
    public void A_pause_over_the_night_counts_only_its_business_hours()
    {
        var monday = Local(2026, 11, 23, 15);
        var overnight = Range(Local(2026, 11, 23, 16), Local(2026, 11, 24, 10));

        Assert.Equal(Local(2026, 11, 24, 11), SlaClock.DueAt(Berlin(), monday, TimeSpan.FromHours(2), [overnight]));
        Assert.Equal(TimeSpan.FromHours(2), SlaClock.Elapsed(Berlin(), monday, Local(2026, 11, 24, 11), [overnight]));
    }

    [Fact]
    public void Overlapping_pauses_are_not_counted_twice()
    {
        var start = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        TimeRange[] pauses = [Range(start.AddHours(1), start.AddHours(3)), Range(start.AddHours(2), start.AddHours(4)), Range(start.AddHours(10), start.AddHours(9))];

        Assert.Equal(TimeSpan.FromHours(2), SlaClock.Elapsed(SlaCalendar.AroundTheClock, start, start.AddHours(5), pauses));
        Assert.Equal(start.AddHours(6), SlaClock.DueAt(SlaCalendar.AroundTheClock, start, TimeSpan.FromHours(3), pauses));
    }
}
