using Guardrail.Core.Common;

namespace Guardrail.Core.Tests.Common;

public class ValidationTests
{
    [Theory]
    [InlineData("payments-api")]
    [InlineData("a")]
    [InlineData("9to5")]
    [InlineData("tier-1-")]
    public void Keys_of_lower_case_letters_digits_and_dashes_are_accepted(string key) =>
        Assert.True(new Validation().Key("key", key).IsValid);

    [Fact]
    public void A_key_of_63_characters_is_accepted() =>
        Assert.True(new Validation().Key("key", new string('k', 63)).IsValid);

    [Theory]
    [InlineData("Payments")]
    [InlineData("-x")]
    [InlineData("payments_api")]
    [InlineData("payments api")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Other_keys_are_rejected_on_their_field(string? key)
    {
        var validation = new Validation().Key("ownerTeam", key);

        Assert.False(validation.IsValid);
        var error = validation.ToError();
        Assert.Equal("validation.failed", error.Code);
        Assert.Equal(["ownerTeam"], error.Fields!.Keys);
        Assert.Contains("'ownerTeam'", Assert.Single(error.Fields["ownerTeam"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_64_characters_is_rejected() =>
        Assert.False(new Validation().Key("key", new string('k', 64)).IsValid);

    [Fact]
    public void A_missing_required_value_is_named_in_the_message()
    {
        var error = new Validation().Required("name", "  ", 200).ToError();

        Assert.Equal("'name' is required.", Assert.Single(error.Fields!["name"]));
    }

    [Fact]
    public void A_required_value_over_its_length_names_the_field_the_limit_and_the_length()
    {
        var validation = new Validation().Required("name", new string('n', 201), 200);

        Assert.False(validation.IsValid);
        var message = Assert.Single(validation.ToError().Fields!["name"]);
        Assert.Contains("'name'", message, StringComparison.Ordinal);
        Assert.Contains("200", message, StringComparison.Ordinal);
        Assert.Contains("201", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_value_at_its_length_is_accepted() =>
        Assert.True(new Validation().Required("name", new string('n', 200), 200).IsValid);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    public void An_optional_value_may_be_absent_or_short(string? value) =>
        Assert.True(new Validation().Optional("description", value, 10).IsValid);

    [Fact]
    public void An_optional_value_over_its_length_names_the_field()
    {
        var validation = new Validation().Optional("description", new string('d', 11), 10);

        Assert.False(validation.IsValid);
        var message = Assert.Single(validation.ToError().Fields!["description"]);
        Assert.Contains("'description'", message, StringComparison.Ordinal);
        Assert.Contains("10", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_on_several_fields_are_all_reported()
    {
        var error = new Validation()
            .Key("key", "Bad Key")
            .Required("name", null, 200)
            .Add("name", "second problem")
            .ToError();

        Assert.Equal(["key", "name"], error.Fields!.Keys.Order());
        Assert.Equal(2, error.Fields["name"].Length);
    }
}
