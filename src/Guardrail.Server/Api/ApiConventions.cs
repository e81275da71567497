using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Guardrail.Server.Api;

/// <summary>
/// The conventions every <c>/api/v1</c> endpoint shares: RFC 9457 problems with a stable <c>code</c> and the trace id,
/// strict JSON (unknown fields and wrong types are refused, not ignored), and a request body limit.
/// </summary>
internal static partial class ApiConventions
{
    public static void AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        builder.Services.ConfigureHttpJsonOptions(json => Configure(json.SerializerOptions));
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = CmdbImportsApi.MaxImportBytes);
        // Malformed bodies and unbindable parameters throw, so the exception handler can say precisely what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", ApiProblems.CodeOf(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Instance ??= context.HttpContext.Request.Path;
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
    }

    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static void UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
    }

    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder api) =>
        api.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

/// <summary>
/// Maps what the framework throws on bad input (malformed JSON, wrong types, oversized bodies) to a precise 4xx,
/// and anything unexpected to a 500 that gives nothing away but the trace id.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Describe(bad, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType),
            _ => null,
        };
        if (problem is null)
        {
            LogUnexpected(logger, exception, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = ApiProblems.TitleOf(500),
                Detail = "The server failed to handle the request; quote the trace id when you report it.",
            };
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(BadHttpRequestException bad, Type? bodyType)
    {
        var status = bad.StatusCode;
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            var reason = json.Message.Split(" Path:", 2)[0];
            if (reason.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && FieldType(bodyType, field) is { } expected)
                reason = $"'{field}' must be {JsonTypeName(expected)}.";
            else if (reason.StartsWith("The JSON property", StringComparison.Ordinal) && reason.Contains("could not be mapped", StringComparison.Ordinal))
                reason = $"'{field}' is not a field of this request.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = ApiProblems.TitleOf(400),
                Detail = $"The request body is not valid JSON for this endpoint: {reason} (at {json.Path ?? "$"}, line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).",
                Extensions = { ["code"] = "request.malformed_json" },
            };
        }
        var code = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "request.body_too_large",
            StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
            _ => bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) ? "request.invalid_parameter"
                : bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) ? "request.missing_parameter"
                : "request.invalid",
        };
        return new ProblemDetails { Status = status, Title = ApiProblems.TitleOf(status), Detail = bad.Message, Extensions = { ["code"] = code } };
    }

    /// <summary>The CLR type of a (camelCase, dotted) field of the request body, when it can be found.</summary>
    private static Type? FieldType(Type? bodyType, string field)
    {
        var type = bodyType;
        foreach (var segment in field.Split('.'))
        {
            var property = type?.GetProperty(segment, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            type = property?.PropertyType;
        }
        return type == bodyType ? null : type;
    }

    private static string JsonTypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "an ISO 8601 date and time string"
            : type.IsPrimitive || type == typeof(decimal) ? "a number"
            : type.IsArray || type.IsAssignableTo(typeof(System.Collections.IEnumerable)) ? "an array"
            : "an object";
    }

    /// <summary>"$.owner.name" → "owner.name"; the root itself → "body".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
