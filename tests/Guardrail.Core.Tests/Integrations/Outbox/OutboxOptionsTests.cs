using System.ComponentModel.DataAnnotations;
using Guardrail.Core.Integrations.Outbox;

namespace Guardrail.Core.Tests.Integrations.Outbox;

public class OutboxOptionsTests
{
    private static List<ValidationResult> Problems(OutboxOptions options)
    {
        var problems = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true);
        return problems;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Problems(new OutboxOptions()));

    [Fact]
    public void A_first_retry_longer_than_the_longest_is_refused() =>
        Assert.Contains(nameof(OutboxOptions.FirstRetryDelay),
            Assert.Single(Problems(new OutboxOptions { FirstRetryDelay = TimeSpan.FromMinutes(5), MaxRetryDelay = TimeSpan.FromMinutes(1) })).MemberNames);

    [Fact]
    public void A_zero_batch_is_refused() =>
        Assert.Contains(nameof(OutboxOptions.BatchSize), Assert.Single(Problems(new OutboxOptions { BatchSize = 0 })).MemberNames);
}
