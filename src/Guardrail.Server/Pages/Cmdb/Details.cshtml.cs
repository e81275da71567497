using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Cmdb;

public sealed class DetailsModel(ConfigurationItems items) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public CiResponse? Ci { get; private set; }

    public IReadOnlyList<RelationshipResponse> Outgoing { get; private set; } = [];

    public IReadOnlyList<RelationshipResponse> Incoming { get; private set; } = [];

    public IReadOnlyList<CiVersion> History { get; private set; } = [];

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await items.FindAsync(Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        Ci = await items.DescribeAsync(found.Value, cancellationToken);
        var relationships = await items.RelationshipsOfAsync(Id, includeRetired: false, cancellationToken);
        Outgoing = [.. relationships.Where(r => r.From.Id == Id)];
        Incoming = [.. relationships.Where(r => r.To.Id == Id)];
        History = await items.HistoryAsync(Id, cancellationToken);
    }
}
