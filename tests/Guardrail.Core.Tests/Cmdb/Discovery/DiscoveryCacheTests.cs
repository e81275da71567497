using System.Runtime.CompilerServices;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Guardrail.Core.Tests.Cmdb.Discovery;

public class DiscoveryCacheTests
{
    private const string Bookinfo = "kubernetes/bookinfo/bookinfo.yaml";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    private DiscoveryCache Cache(int records = 500_000) =>
        new(Options.Create(new DiscoveryCacheOptions { Records = records, IdleTime = TimeSpan.FromMinutes(30) }), _clock);

    private static SourceDocument[] Documents(string? replace = null, string? with = null)
    {
        var text = File.ReadAllText(Corpus.PathOf(Bookinfo));
        return [new SourceDocument(Bookinfo, replace is null ? text : text.Replace(replace, with, StringComparison.Ordinal))];
    }

    [Fact]
    public void The_same_documents_posted_again_reuse_the_result_without_parsing()
    {
        var cache = Cache();

        var first = cache.Discover("kubernetes", Documents(), "prod");
        var again = cache.Discover("kubernetes", Documents(), "prod");

        Assert.True(first.Succeeded);
        Assert.Same(first.Value, again.Value);
        Assert.Contains(first.Value!.Items, ci => ci.Key == "k8s:prod/default/deployment/productpage-v1");
    }

    [Fact]
    public void A_changed_document_a_renamed_one_or_another_scope_is_read_again()
    {
        var cache = Cache();
        var first = cache.Discover("kubernetes", Documents(), "prod").Value!;

        var renamed = cache.Discover("kubernetes", [Documents()[0] with { Name = "elsewhere.yaml" }], "prod").Value!;
        var changed = cache.Discover("kubernetes", Documents("productpage-v1", "productpage-v2"), "prod").Value!;
        var otherScope = cache.Discover("kubernetes", Documents(), "staging").Value!;

        Assert.NotSame(first, renamed);
        Assert.NotSame(renamed, changed);
        Assert.Contains(changed.Items, ci => ci.Key == "k8s:prod/default/deployment/productpage-v2");
        Assert.DoesNotContain(changed.Items, ci => ci.Key == "k8s:prod/default/deployment/productpage-v1");
        Assert.All(otherScope.Items, ci => Assert.StartsWith("k8s:staging", ci.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_last_result_of_a_scope_is_kept()
    {
        var cache = Cache();
        var first = cache.Discover("kubernetes", Documents(), "prod").Value!;
        cache.Discover("kubernetes", Documents("productpage-v1", "productpage-v2"), "prod");

        Assert.NotSame(first, cache.Discover("kubernetes", Documents(), "prod").Value);
    }

    [Fact]
    public void A_result_idle_for_longer_than_allowed_is_read_again()
    {
        var cache = Cache();
        var first = cache.Discover("kubernetes", Documents(), "prod").Value!;

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Same(first, cache.Discover("kubernetes", Documents(), "prod").Value);
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Same(first, cache.Discover("kubernetes", Documents(), "prod").Value);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.NotSame(first, cache.Discover("kubernetes", Documents(), "prod").Value);
    }

    [Fact]
    public void Results_beyond_the_record_budget_are_not_kept_and_the_least_recently_used_go_first()
    {
        var size = Cache().Discover("kubernetes", Documents(), "probe").Value!;
        var records = size.Items.Count + size.Relationships.Count + size.Links.Count + size.Unresolved.Count + size.Warnings.Count;

        var tooSmall = Cache(records - 1);
        var once = tooSmall.Discover("kubernetes", Documents(), "prod").Value!;
        Assert.NotSame(once, tooSmall.Discover("kubernetes", Documents(), "prod").Value);

        var roomForTwo = Cache(2 * records);
        var a = roomForTwo.Discover("kubernetes", Documents(), "a").Value!;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var b = roomForTwo.Discover("kubernetes", Documents(), "b").Value!;
        _clock.Advance(TimeSpan.FromMinutes(1));
        roomForTwo.Discover("kubernetes", Documents(), "a");
        _clock.Advance(TimeSpan.FromMinutes(1));
        roomForTwo.Discover("kubernetes", Documents(), "c");

        Assert.Same(a, roomForTwo.Discover("kubernetes", Documents(), "a").Value);
        Assert.NotSame(b, roomForTwo.Discover("kubernetes", Documents(), "b").Value);
    }

    [Fact]
    public void With_no_budget_nothing_is_kept()
    {
        var cache = Cache(records: 0);

        Assert.NotSame(cache.Discover("kubernetes", Documents(), "prod").Value, cache.Discover("kubernetes", Documents(), "prod").Value);
    }

    [Fact]
    public void A_result_idle_for_longer_than_allowed_is_let_go_even_when_nothing_is_imported_again()
    {
        var cache = Cache();
        var kept = DiscoverHeldWeakly(cache);

        _clock.Advance(TimeSpan.FromMinutes(61));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.False(kept.IsAlive);
        GC.KeepAlive(cache);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference DiscoverHeldWeakly(DiscoveryCache cache) => new(cache.Discover("kubernetes", Documents(), "prod").Value);

    [Fact]
    public void A_document_that_cannot_be_read_is_an_error_each_time()
    {
        var cache = Cache();
        SourceDocument[] broken = [new("broken.yaml", "kind: Deployment\nmetadata: [unclosed\n")];

        var first = cache.Discover("kubernetes", broken, "prod");
        var again = cache.Discover("kubernetes", broken, "prod");

        Assert.False(first.Succeeded);
        Assert.Equal("cmdb.invalid_document", again.Error!.Code);
    }
}
