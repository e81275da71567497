using System.CommandLine;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Server.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Cli;

/// <summary><c>guardrail token create</c>: issues a token straight into a store, to bootstrap pipelines and scripts.</summary>
internal static class TokenCommands
{
    public static Command Build(CliContext context)
    {
        var store = new StoreOptions();
        var role = new Option<string>("--role")
        {
            Description = $"One of: {string.Join(", ", WireNames.All<Role>())}.",
            Required = true,
        };
        role.AcceptOnlyFromAmong([.. WireNames.All<Role>()]);
        var name = new Option<string?>("--name") { Description = "A name that says who uses the token (default: cli-ROLE)." };
        var user = new Option<string?>("--user") { Description = "The user name of the person the token acts for; a token needs one to vote on changes." };
        var json = new Option<bool>("--json") { Description = "Print {\"token\": \"…\"} only." };
        var create = new Command("create", "Create an API token directly in the store (the server may be stopped).") { role, name, user, json };
        store.AddTo(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = new ServiceCollection()
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .AddGuardrailStore(store.Read(parse))
                .BuildServiceProvider();
            await services.GetRequiredService<StoreInitializer>().MigrateAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var roleName = parse.GetValue(role)!;
            var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(
                new CreateTokenRequest(parse.GetValue(name) ?? $"cli-{roleName}", roleName, User: parse.GetValue(user)), new Actor("cli"), cancellationToken);
            if (!issued.Succeeded)
            {
                await context.Error.WriteLineAsync($"error: {issued.Error.Message} [{issued.Error.Code}]");
                return ExitCodes.Refused;
            }
            if (parse.GetValue(json))
                await context.Out.WriteLineAsync(new JsonObject { ["token"] = issued.Value.Secret }.ToJsonString());
            else
                await context.Out.WriteLineAsync($"{issued.Value.Secret}\n(role {roleName}{(parse.GetValue(user) is { } person ? $", acting for {person}" : "")}; shown once, store it now)");
            return ExitCodes.Success;
        });
        return new Command("token", "API tokens.") { create };
    }
}
