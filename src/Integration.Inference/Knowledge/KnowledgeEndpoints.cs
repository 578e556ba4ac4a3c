using System.Text.RegularExpressions;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Knowledge;

public sealed record DocumentUpload(string? Title, string? Source, DocumentFormat? Format, string? Content);

public sealed record CollectionView(string Name, int Documents);

public static partial class KnowledgeEndpoints
{
    private const int MaxContent = 512 * 1024;

    public static void MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var kb = app.MapGroup(KnowledgeRoutes.Collections).WithTags("Knowledge base");
        kb.MapGet("", async (KnowledgeBase knowledge) =>
        {
            var views = new List<CollectionView>();
            foreach (var name in await knowledge.CollectionsAsync())
            {
                views.Add(new CollectionView(name, (await knowledge.DocumentsAsync(name)).Count));
            }

            return TypedResults.Ok(views);
        });
        kb.MapGet("/{collection}/documents", async (string collection, KnowledgeBase knowledge) => TypedResults.Ok(await knowledge.DocumentsAsync(collection)));
        kb.MapPut("/{collection}/documents/{id}", Upload).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        kb.MapDelete("/{collection}/documents/{id}", async Task<IResult> (string collection, string id, KnowledgeBase knowledge) =>
            await knowledge.DeleteAsync(collection, id) ? TypedResults.NoContent() : TypedResults.Problem($"Document '{id}' is not in collection '{collection}'.", statusCode: 404))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        kb.MapPost(KnowledgeRoutes.RetrieveTemplate, Retrieve);
    }

    private static async Task<IResult> Upload(string collection, string id, DocumentUpload upload, KnowledgeBase knowledge)
    {
        var errors = new Dictionary<string, string[]>();
        CheckName(errors, "collection", collection);
        CheckName(errors, "id", id);
        if (string.IsNullOrWhiteSpace(upload.Content))
        {
            errors["$.content"] = ["The document has no content."];
        }
        else if (upload.Content.Length > MaxContent)
        {
            errors["$.content"] = [$"The document is {upload.Content.Length} characters; the limit is {MaxContent}."];
        }

        // A title and a source are shown with every passage a step cites: a line, not a document.
        foreach (var (path, value, limit) in new[] { ("$.title", upload.Title, 300), ("$.source", upload.Source, 2000) })
        {
            if (value?.Length > limit)
            {
                errors[path] = [$"{path[2..]} is at most {limit} characters."];
            }
        }

        if (upload.Format is { } format && !Enum.IsDefined(format))
        {
            errors["$.format"] = ["The format is markdown, text or html."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await knowledge.IngestAsync(collection, id, upload.Title, upload.Source, upload.Format ?? DocumentFormat.Markdown, upload.Content!);
        return TypedResults.Ok(outcome);
    }

    private static async Task<IResult> Retrieve(string collection, RetrieveRequest request, KnowledgeBase knowledge)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            errors["$.query"] = ["The query is empty."];
        }
        else if (request.Query.Length > 10_000)
        {
            errors["$.query"] = ["The query is longer than 10000 characters."];
        }

        if (request.Top is < 1 or > 50)
        {
            errors["$.top"] = ["top is between 1 and 50."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var passages = await knowledge.RetrieveAsync(collection, request.Query!, request.Top ?? 5, request.Mode ?? RetrievalMode.Dense);
        return TypedResults.Ok(new RetrieveResponse(collection, request.Query!,
            passages.Select(p => new PassageView(p.Reference, p.DocumentId, p.Chunk, p.Title, p.Source, p.Text, p.Score)).ToList()));
    }

    private static void CheckName(Dictionary<string, string[]> errors, string what, string value)
    {
        if (!Name().IsMatch(value))
        {
            errors[what] = [$"A {what} is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Name();
}
