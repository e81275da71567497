using Guardrail.Core.Common;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Server.Pages.Problems;

/// <summary>What the problem editor shows: the values, the refusal if any, the services to choose from and the states it may move to.</summary>
public sealed record ProblemFormView(ProblemForm Values, Error? Error, IReadOnlyList<Service> Services, ProblemState? CurrentState, IReadOnlyList<ProblemState> States);
