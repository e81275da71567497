using System.Globalization;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Html;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>
/// Writes one cell of a figure's records: times in UTC, and the deployments, incidents, changes and services as links to
/// their pages. The columns are those of <see cref="Core.Measurement.MetricRecords"/>.
/// </summary>
public static class RecordCells
{
    private static readonly HashSet<string> s_deployments = ["deployment", "rolled_back_by", "remediated_by"];
    private static readonly HashSet<string> s_incidents = ["incident", "caused_incidents", "suspected_incident"];

    public static string Heading(string column) => column.Replace('_', ' ');

    public static IHtmlContent Render(string column, object? value)
    {
        var cell = new HtmlContentBuilder();
        switch (value)
        {
            case null:
                break;
            case DateTime at:
                cell.AppendHtml($"<time datetime=\"{Display.Iso(at)}\">").Append(Display.Utc(at)).AppendHtml("</time>");
                break;
            case bool flag:
                cell.Append(flag ? "yes" : "no");
                break;
            case long id when s_deployments.Contains(column):
                Link(cell, "/deployments/", id.ToString(CultureInfo.InvariantCulture));
                break;
            case string numbers when s_incidents.Contains(column):
                foreach (var (number, index) in numbers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((n, i) => (n, i)))
                    Link(index == 0 ? cell : cell.Append(" "), "/incidents/", number);
                break;
            case string number when column == "change":
                Link(cell, "/changes/", number);
                break;
            case string key when column == "service":
                Link(cell, "/services/", key);
                break;
            case double number:
                cell.Append(number.ToString("0.##", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                cell.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                cell.Append(value.ToString());
                break;
        }
        return cell;
    }

    /// <summary>Whether the column holds numbers, set right like the other tables' numbers.</summary>
    public static bool IsNumber(object? value) => value is double or int or long;

    private static void Link(IHtmlContentBuilder cell, string folder, string record) =>
        cell.AppendHtml("<a href=\"").Append(folder + Uri.EscapeDataString(record)).AppendHtml("\">").Append(record).AppendHtml("</a>");
}
