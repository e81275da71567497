using System.Globalization;
using System.Text.RegularExpressions;

namespace Guardrail.Server.Tests.Measurement;

/// <summary>One sample of a scrape: the series' name, its labels and its value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A scrape in Prometheus's text exposition format (version 0.0.4), read sample by sample.</summary>
public sealed partial record PrometheusText(IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types)
{
    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                types[type.Groups["name"].Value] = type.Groups["type"].Value;
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"Not a sample line: {line}");
            var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(sample.Groups["name"].Value, labels, double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return new PrometheusText(samples, types);
    }

    /// <summary>The metric families the scrape declares (<c># TYPE</c>), whether or not they have samples.</summary>
    public IEnumerable<string> Families => Types.Keys;

    public IEnumerable<Sample> Of(string name) => Samples.Where(s => s.Name == name);

    public IEnumerable<Sample> Of(string name, string label, string value) => Of(name).Where(s => s.Labels.GetValueOrDefault(label) == value);

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>\w+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();
}
