using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Registry;

/// <summary>Listings come in pages: every item once, in order, whatever the page size; a token the server did not give is refused.</summary>
[Collection(ServerCollection.Name)]
public sealed class PagingTests(AccordServerFixture server)
{
    [Fact]
    public async Task ListParties_PagesOfThree_EveryPartyOnceInIdOrder_AsTheWholeListing()
    {
        for (var i = 0; i < 4; i++)
        {
            await TestParty.RegisterAsync(server.Registry, "paged");
        }

        var whole = await Listings.PartiesAsync(server.Registry);
        var paged = new List<string>();
        var token = "";
        do
        {
            var page = await server.Registry.ListPartiesAsync(new ListPartiesRequest { PageSize = 3, PageToken = token });
            Assert.InRange(page.Parties.Count, 1, 3);
            paged.AddRange(page.Parties.Select(p => p.PartyId));
            token = page.NextPageToken;
        }
        while (token.Length > 0 && paged.Count < whole.Count + 10);

        Assert.Equal(whole.Select(p => p.PartyId), paged);
        Assert.Equal(paged.Order(StringComparer.Ordinal), paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task ListCommitments_OneLabsFiveInPagesOfTwo_InRegistrationOrder()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "paged-lab");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await lab.CommitAsync(TestParty.Pause())).CommitmentId);
        }

        var first = await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab.Id, PageSize = 2 });
        var second = await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab.Id, PageSize = 2, PageToken = first.NextPageToken });
        var third = await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab.Id, PageSize = 2, PageToken = second.NextPageToken });

        Assert.Equal(ids, first.Commitments.Concat(second.Commitments).Concat(third.Commitments).Select(c => c.CommitmentId));
        Assert.Equal("", third.NextPageToken);
        Assert.Equal(ids, (await Listings.CommitmentsAsync(server.Registry, lab.Id)).Select(c => c.CommitmentId));
    }

    [Fact]
    public async Task List_ATokenTheServerDidNotGive_InvalidArgumentOnPageToken()
    {
        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            () => server.Registry.ListPartiesAsync(new ListPartiesRequest { PageToken = "bm8tc3VjaC1wYXJ0eQ" }).ResponseAsync);
        Assert.Contains("page_token", Refusals.ViolatedFields(e));

        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            () => new DeviceService.DeviceServiceClient(server.Channel).ListDevicesAsync(new ListDevicesRequest { PageToken = "!!" }).ResponseAsync);
    }
}
