// GET /api/log/proof?index=N: the raw material for verifying one entry in the browser (wwwroot/log-verify.js).
// Nothing here checks a proof or a signature: the server's bytes pass through unchanged, and the browser's
// script is the independent verifier (docs/web.md, "Transparency log").
using System.Text.Json.Serialization;
using Accord.Protos.V1;
using Accord.Web.Reading;
using Grpc.Core;

namespace Accord.Web.Hosting;

/// <summary>The JSON endpoint that hands an entry, its inclusion proof and the checkpoint it proves against to the browser.</summary>
public static class LogProofEndpoint
{
    public const string Path = "/api/log/proof";

    public static IEndpointRouteBuilder MapLogProof(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (HttpContext context, AccordServers servers) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (!LogIndexInput.TryParse(context.Request.Query["index"], out var index, out var problem))
            {
                return Results.Json(new LogProofError(problem), LogProofJson.Default.LogProofError, statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var ct = context.RequestAborted;
                var proof = await servers.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = index }, cancellationToken: ct);
                var entry = await LogEntryView.ReadRawAsync(servers, index, ct);
                var material = new LogProofMaterial(
                    proof.Index,
                    proof.TreeSize,
                    entry.Withheld ? null : Convert.ToBase64String(entry.Entry.Span),
                    entry.Withheld,
                    entry.Withheld ? Convert.ToBase64String(entry.LeafHash.Span) : null,
                    [.. proof.Proof.Select(h => Convert.ToBase64String(h.Span))],
                    proof.Checkpoint);
                return Results.Json(material, LogProofJson.Default.LogProofMaterial);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.OutOfRange or StatusCode.NotFound)
            {
                return Results.Json(new LogProofError($"There is no entry {index} in the log: {e.Status.Detail}"), LogProofJson.Default.LogProofError, statusCode: StatusCodes.Status404NotFound);
            }
            catch (RpcException e)
            {
                return Results.Json(new LogProofError(ServerErrors.Describe(e, servers.Addresses)), LogProofJson.Default.LogProofError, statusCode: StatusCodes.Status502BadGateway);
            }
        });
        return endpoints;
    }
}

/// <summary>
/// One entry's verification material. <c>entry</c> is the logged bytes in base64, or null when withheld; then
/// <c>leaf_hash</c> carries the leaf hash instead (null otherwise, so the browser always computes it when it can).
/// </summary>
public sealed record LogProofMaterial(
    [property: JsonPropertyName("index")] long Index,
    [property: JsonPropertyName("tree_size")] long TreeSize,
    [property: JsonPropertyName("entry")] string? Entry,
    [property: JsonPropertyName("withheld")] bool Withheld,
    [property: JsonPropertyName("leaf_hash")] string? LeafHash,
    [property: JsonPropertyName("proof")] IReadOnlyList<string> Proof,
    [property: JsonPropertyName("checkpoint")] string Checkpoint);

/// <summary>Why no material came back, in one sentence.</summary>
public sealed record LogProofError([property: JsonPropertyName("error")] string Error);

[JsonSerializable(typeof(LogProofMaterial))]
[JsonSerializable(typeof(LogProofError))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
internal sealed partial class LogProofJson : JsonSerializerContext;
