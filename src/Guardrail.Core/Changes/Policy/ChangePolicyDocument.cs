using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Core.Changes.Policy;

/// <summary>Something wrong in a policy document, at a 1-based line and column, with the path of the offending node.</summary>
public sealed record PolicyProblem(int Line, int Column, string Path, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>The policy when the document is valid; otherwise every problem found, in document order.</summary>
public sealed record PolicyParseResult(ChangePolicy? Policy, IReadOnlyList<PolicyProblem> Problems)
{
    public bool IsValid => Policy is not null && Problems.Count == 0;
}

/// <summary>Reads and validates <c>kind: ChangePolicy</c> YAML documents; ships the default policy.</summary>
public static partial class ChangePolicyDocument
{
    public const string ApiVersion = "guardrail/v1";
    public const string Kind = "ChangePolicy";

    private static readonly Lazy<string> _defaultYaml = new(ReadDefaultYaml);
    private static readonly Lazy<ChangePolicy> _default = new(() =>
    {
        var result = Parse(_defaultYaml.Value);
        return result.Policy ?? throw new InvalidOperationException($"The built-in change policy is invalid: {string.Join("; ", result.Problems)}");
    });

    /// <summary>The text of the built-in policy, <c>default-change-policy.yaml</c>.</summary>
    public static string DefaultYaml => _defaultYaml.Value;

    public static ChangePolicy Default => _default.Value;

    public static PolicyParseResult Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return Failed(new PolicyProblem((int)e.Start.Line, (int)e.Start.Column, "", $"The YAML is malformed: {MarkPrefix().Replace(e.Message, "")}"));
        }

        if (stream.Documents.Count == 0 || PolicyReader.IsNull(stream.Documents[0].RootNode))
            return Failed(new PolicyProblem(1, 1, "", $"The document is empty: a change policy needs apiVersion: {ApiVersion}, kind: {Kind}, metadata.name and spec."));
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return Failed(new PolicyProblem((int)second.Line, (int)second.Column, "",
                $"The file holds {stream.Documents.Count} YAML documents, but a change policy is a single document: remove the '---' separators and the other documents."));
        }

        var reader = new PolicyReader();
        var policy = reader.ReadPolicy(stream.Documents[0].RootNode);
        var problems = reader.Problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
        return new PolicyParseResult(problems.Count == 0 ? policy : null, problems);
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 text: the identity of a policy version.</summary>
    public static string Digest(string yaml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));

    private static PolicyParseResult Failed(PolicyProblem problem) => new(null, [problem]);

    private static string ReadDefaultYaml()
    {
        using var stream = typeof(ChangePolicyDocument).Assembly.GetManifestResourceStream("Guardrail.Core.Changes.Policy.default-change-policy.yaml")
            ?? throw new InvalidOperationException("The default change policy resource is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>YamlDotNet starts its messages with the marks, which the problem carries already.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
