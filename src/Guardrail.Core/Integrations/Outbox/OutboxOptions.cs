using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>How the outbox sends: how often it looks, how hard it tries, and when it stops calling a failing target for a while.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string SectionName = "Outbox";

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages claimed at once; they are sent one after another, so this also bounds how long a claim is held.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Attempts before a message goes to the dead-letter list.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the first failed attempt; it doubles (with jitter) after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between attempts, also the longest <c>Retry-After</c> a target can ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Consecutive failures of one target that open its circuit.</summary>
    [Range(1, 1000)]
    public int CircuitThreshold { get; set; } = 5;

    /// <summary>How long an open circuit keeps messages for its target waiting before one is let through to try it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CircuitCoolDown { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay > MaxRetryDelay)
            yield return new ValidationResult($"{nameof(FirstRetryDelay)} must not be longer than {nameof(MaxRetryDelay)}.", [nameof(FirstRetryDelay)]);
    }
}
