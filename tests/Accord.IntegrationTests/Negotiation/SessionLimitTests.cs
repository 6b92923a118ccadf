using System.Diagnostics;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>Bounded work per session: a small text describing an enormous outcome space is refused with its size, at once, and stores nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class SessionLimitTests(AccordServerFixture server)
{
    // Under a kilobyte of JSON: three integer issues of 125 values each, 1,953,125 outcomes.
    private const string HugeDomain = """
        {
          "format": "accord-negotiation-domain/1",
          "name": "Huge",
          "issues": [
            { "name": "a", "type": "integer", "min": 1, "max": 125 },
            { "name": "b", "type": "integer", "min": 1, "max": 125 },
            { "name": "c", "type": "integer", "min": 1, "max": 125 }
          ],
          "parties": [
            { "name": "P", "reservation": 0.1, "weights": { "a": 1, "b": 1, "c": 1 },
              "values": { "a": { "type": "linear", "direction": "increasing" }, "b": { "type": "linear", "direction": "increasing" }, "c": { "type": "linear", "direction": "increasing" } } },
            { "name": "Q", "reservation": 0.1, "weights": { "a": 1, "b": 1, "c": 1 },
              "values": { "a": { "type": "linear", "direction": "decreasing" }, "b": { "type": "linear", "direction": "increasing" }, "c": { "type": "linear", "direction": "increasing" } } }
          ]
        }
        """;

    [Fact]
    public async Task CreateSession_DomainOfTwoMillionOutcomesInUnderAKilobyte_RefusedWithItsSizeAndNothingStored()
    {
        var request = new SessionCreation { SessionId = "huge-" + Guid.NewGuid().ToString("N")[..8], DomainJson = HugeDomain };
        request.Seats.Add(new Seat { Agent = "boulware", PartyId = "lab-p" });
        request.Seats.Add(new Seat { Agent = "conceder", PartyId = "lab-q" });
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RpcException>(async () => await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server)));

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(HugeDomain) < 1024);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("1,953,125 outcomes", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 100,000", e.Status.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"refusing took {watch.Elapsed}");
        var run = await Assert.ThrowsAsync<RpcException>(async () => await server.Negotiation.RunSessionAsync(request.SessionId, await NegotiationData.CreatorAsync(server)));
        Assert.Equal(StatusCode.NotFound, run.StatusCode);
    }
}
