using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Integration.ServiceDefaults.Errors;

/// <summary>
/// A request the framework could not read (malformed JSON, a form it cannot decode, a body over the size limit) is the
/// caller's error: 400 or 413 as ProblemDetails, with the JSON path where reading failed, instead of a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is InvalidDataException && context.Request.HasFormContentType)
        {
            // ASP.NET's form reader refuses a form it cannot decode (a NUL, a value over its limits): the sender's error.
            exception = new BadHttpRequestException("The form could not be read: " + exception.Message, StatusCodes.Status400BadRequest, exception);
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        var json = badRequest.InnerException as JsonException;
        var problem = new HttpValidationProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
            Detail = json is null ? badRequest.Message : "The body is not valid JSON for this request.",
            Instance = context.Request.Path,
        };
        if (json is not null)
        {
            // The reader's message says what it expected; the path says where. Neither echoes the body.
            problem.Errors[JsonReadErrors.PathOf(json)] = [JsonReadErrors.Describe(json)];
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
