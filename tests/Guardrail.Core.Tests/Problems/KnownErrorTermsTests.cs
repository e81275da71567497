using Guardrail.Core.Problems;

namespace Guardrail.Core.Tests.Problems;

public sealed class KnownErrorTermsTests
{
    [Fact]
    public void An_incident_title_is_matched_by_its_words_that_say_something()
    {
        Assert.Equal(["payments-api", "504", "checkout"], KnownErrors.Terms("The payments-api at 504 on CHECKOUT, and the checkout"));
        Assert.Empty(KnownErrors.Terms("it is on the db"));
    }

    [Fact]
    public void A_search_keeps_every_word_however_short()
    {
        Assert.Equal(["db", "is", "down"], KnownErrors.Words("DB is down; db!"));
        Assert.Empty(KnownErrors.Words(null));
    }
}
