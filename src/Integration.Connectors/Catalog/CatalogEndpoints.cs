using System.Text.Json.Nodes;
using Integration.Connectors.Connections;
using Integration.Connectors.Errors;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Integration.Connectors.Catalog;

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConnectorApiRoutes.Catalog, (OperationCatalog catalog) => TypedResults.Ok(catalog.Descriptors)).WithTags("Catalog");
        app.MapGet(ConnectorApiRoutes.Catalog + "/{operation}", IResult (string operation, OperationCatalog catalog) => catalog.Find(operation) is { } found
            ? TypedResults.Ok(found.Descriptor)
            : TypedResults.Problem($"There is no operation '{operation}' in the catalog.", statusCode: 404)).WithTags("Catalog");
        app.MapPost(ConnectorRoutes.InvokeTemplate, Invoke)
            .RequireAuthorization(p => p.RequireRole(Roles.Service, Roles.Integrator, Roles.Admin)).WithTags("Catalog");
    }

    private static async Task<IResult> Invoke(string operation, InvokeRequest request, HttpContext http, OperationCatalog catalog, OperationInvoker invoker,
        ConnectorOptions options, CancellationToken cancellationToken)
    {
        if (catalog.Find(operation) is not { } found)
        {
            return TypedResults.Problem($"There is no operation '{operation}' in the catalog.", statusCode: 404);
        }

        var kind = found.Descriptor.Kind;
        var connection = request.Connection ?? options.Connections.FirstOrDefault(c => c.Value.Kind == kind).Key;
        var errors = request.Input is null ? new Dictionary<string, string[]> { ["$.input"] = ["The input is missing."] } : catalog.Validate(operation, request.Input);
        if (connection is null || !options.Connections.TryGetValue(connection, out var options1))
        {
            errors["$.connection"] = [connection is null ? $"No {kind} connection is configured." : $"There is no connection named '{connection}'."];
        }
        else if (options1.Kind != kind)
        {
            errors["$.connection"] = [$"Connection '{connection}' is a {options1.Kind} connection; {operation} needs {kind}."];
        }

        var key = request.IdempotencyKey ?? http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is { Length: 0 or > 200 })
        {
            errors["$.idempotencyKey"] = ["An idempotency key is 1 to 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            // A write goes on when its caller goes away (a silo that died mid-step): its result is recorded under its key,
            // so that the caller's retry gets it instead of a second side effect. Its connection's timeouts bound it.
            var (output, replayed) = await invoker.InvokeAsync(found, new OperationCall(connection!, request.Input!, key),
                found.Descriptor.Writes ? CancellationToken.None : cancellationToken);
            return TypedResults.Ok(new InvokeResponse(operation, connection!, replayed, output));
        }
        catch (ConnectorException e)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = e.Status,
                Title = e.Status switch { 401 or 403 => "The SaaS refused the connection's credentials.", >= 500 => "The SaaS call failed.", _ => "The SaaS refused the request." },
                Detail = e.Message,
                Extensions =
                {
                    ["operation"] = operation,
                    ["connection"] = e.Connection,
                    ["vendorStatus"] = e.VendorStatus,
                    ["vendorCode"] = e.VendorCode,
                },
            });
        }
    }
}
