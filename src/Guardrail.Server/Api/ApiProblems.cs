using Guardrail.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guardrail.Server.Api;

/// <summary>Turns an expected failure of a use case into an RFC 9457 problem with its stable <c>code</c>.</summary>
internal static class ApiProblems
{
    /// <summary>The HTTP status of an expected failure; the pages answer with it too.</summary>
    public static int StatusOf(this Error error) => error.Kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    public static ProblemHttpResult ToProblem(this Error error)
    {
        var status = error.StatusOf();
        ProblemDetails problem = error.Fields is { Count: > 0 } fields
            ? new HttpValidationProblemDetails(fields.ToDictionary(f => f.Key, f => f.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = TitleOf(status);
        problem.Detail = error.Message;
        problem.Extensions["code"] = error.Code;
        return TypedResults.Problem(problem);
    }

    public static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is invalid.",
        StatusCodes.Status401Unauthorized => "Authentication is required.",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
        StatusCodes.Status409Conflict => "Conflict.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
        StatusCodes.Status429TooManyRequests => "Too many requests.",
        StatusCodes.Status503ServiceUnavailable => "Unavailable for a moment.",
        _ => "An unexpected error occurred.",
    };

    /// <summary>The code of a problem raised by the framework rather than a use case.</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "request.invalid",
        StatusCodes.Status401Unauthorized => "auth.unauthenticated",
        StatusCodes.Status403Forbidden => "auth.forbidden",
        StatusCodes.Status404NotFound => "route.not_found",
        StatusCodes.Status405MethodNotAllowed => "route.method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "request.body_too_large",
        StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "request.rate_limited",
        _ => "server.unexpected",
    };
}
