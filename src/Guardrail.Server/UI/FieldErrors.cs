using Guardrail.Core.Common;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Guardrail.Server.UI;

/// <summary>Reads the per-field messages of a use case's <see cref="Error"/>; fields are the wire (camelCase) names the forms use as input names.</summary>
public static class FieldErrors
{
    public static string[] MessagesFor(this Error? error, string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>"invalid" for an input whose field was refused; null leaves the class attribute out.</summary>
    public static string? InvalidClass(this Error? error, string field) =>
        error.MessagesFor(field).Length > 0 ? "invalid" : null;

    /// <summary>The error in words: its field messages when it has any, as they are the precise ones, else its message.</summary>
    public static string Describe(this Error error) =>
        error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : error.Message;

    /// <summary>Messages for fields the form does not show (for example <c>version</c>), so none is lost.</summary>
    public static IEnumerable<string> MessagesOutside(this Error? error, params string[] shownFields) =>
        error?.Fields is { } fields
            ? fields.Where(f => !shownFields.Contains(f.Key, StringComparer.Ordinal)).SelectMany(f => f.Value)
            : [];
}

/// <summary><c>&lt;field-errors for="key" error="Model.Error" /&gt;</c> renders the field's messages, or nothing.</summary>
[HtmlTargetElement("field-errors", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorsTagHelper : TagHelper
{
    public string For { get; set; } = "";

    public Error? Error { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var messages = Error.MessagesFor(For);
        if (messages.Length == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", $"{For}-error");
        output.Content.SetContent(string.Join(" ", messages));
    }
}
