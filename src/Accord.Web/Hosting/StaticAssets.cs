using System.Reflection;

namespace Accord.Web.Hosting;

/// <summary>The stylesheet and scripts under wwwroot/, served from the assembly's embedded resources.</summary>
public static class StaticAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>Maps GET /assets/NAME to the embedded wwwroot/NAME, cached for an hour.</summary>
    public static IEndpointRouteBuilder MapAccordAssets(this IEndpointRouteBuilder endpoints)
    {
        var assembly = typeof(StaticAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, resource);
            var name = resource["wwwroot/".Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            endpoints.MapGet($"/assets/{name}", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Bytes(bytes, type);
            });
        }

        return endpoints;
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
