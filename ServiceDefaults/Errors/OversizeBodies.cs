using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Integration.ServiceDefaults.Errors;

/// <summary>
/// A request whose declared body is over the size limit gets 413 as ProblemDetails, not a reset: Kestrel stops reading at
/// the limit and drops the connection while the client is still sending, so the client never sees an answer. A body up to
/// <see cref="DrainLimit"/> is read and thrown away first (so that the client can finish and read the 413); a larger one is
/// answered at once. First in the pipeline (a startup filter), before authentication answers without reading the body.
/// The limit is the server's (Kestrel:Limits:MaxRequestBodySize); an endpoint that needs more raises that setting.
/// </summary>
internal sealed class OversizeBodies(RequestDelegate next, IProblemDetailsService problems)
{
    public const long DrainLimit = 64L * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (context.Request.ContentLength is not { } length || limit is not { IsReadOnly: false, MaxRequestBodySize: { } max } || length <= max)
        {
            await next(context);
            return;
        }

        if (length <= DrainLimit)
        {
            limit.MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers.Connection = "close";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"The body is {length} bytes; this service takes at most {max}.",
                Instance = context.Request.Path,
            },
        });
    }
}

internal sealed class OversizeBodiesFirst : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<OversizeBodies>();
        next(app);
    };
}
