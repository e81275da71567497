using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Tests.Common;

public class WireNamesTests
{
    [Fact]
    public void Enum_values_travel_as_kebab_case()
    {
        Assert.Equal("change-manager", WireNames.Of(Role.ChangeManager));
        Assert.Equal("tier1", WireNames.Of(Criticality.Tier1));
        Assert.Equal("catalog-write", WireNames.Of(Permission.CatalogWrite));
    }

    [Theory]
    [InlineData("change-manager")]
    [InlineData("CHANGE-MANAGER")]
    [InlineData("Change-Manager")]
    public void Parsing_ignores_case(string text)
    {
        Assert.True(WireNames.TryParse<Role>(text, out var role));
        Assert.Equal(Role.ChangeManager, role);
    }

    [Theory]
    [InlineData("tier1")]
    [InlineData("TIER1")]
    public void Criticality_tiers_parse(string text)
    {
        Assert.True(WireNames.TryParse<Criticality>(text, out var criticality));
        Assert.Equal(Criticality.Tier1, criticality);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("ChangeManager")]
    [InlineData("change_manager")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_do_not_parse(string? text) =>
        Assert.False(WireNames.TryParse<Role>(text, out _));

    [Fact]
    public void Unknown_tiers_do_not_parse()
    {
        Assert.False(WireNames.TryParse<Criticality>("tier5", out _));
        Assert.False(WireNames.TryParse<Criticality>("1", out _));
    }

    [Fact]
    public void Every_wire_enum_round_trips()
    {
        AssertRoundTrips<Role>();
        AssertRoundTrips<Permission>();
        AssertRoundTrips<Criticality>();
        AssertRoundTrips<ServiceKind>();
        AssertRoundTrips<EnvironmentTier>();
    }

    private static void AssertRoundTrips<TEnum>()
        where TEnum : struct, Enum
    {
        var names = WireNames.All<TEnum>().ToList();
        Assert.Equal(Enum.GetValues<TEnum>().Length, names.Distinct().Count());
        foreach (var value in Enum.GetValues<TEnum>())
        {
            Assert.True(WireNames.TryParse<TEnum>(WireNames.Of(value), out var parsed), $"{typeof(TEnum).Name}.{value}");
            Assert.Equal(value, parsed);
        }
    }
}
