using OrderStatus.Application.Feed;

namespace OrderStatus.Api.Tests.Events;

/// <summary>The cursor's text form and its moves, without a database.</summary>
public sealed class FeedCursorTests
{
    [Fact]
    public void A_plain_cursor_keeps_its_22_character_form()
    {
        var cursor = new FeedCursor(1234, 56);

        var text = cursor.ToString();

        Assert.Equal(22, text.Length);
        Assert.True(FeedCursor.TryParse(text, out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Fact]
    public void A_cursor_with_pending_transactions_round_trips()
    {
        var cursor = new FeedCursor(5000, 0, [4990, 4995, 4999], 77);

        Assert.True(FeedCursor.TryParse(cursor.ToString(), out var parsed));

        Assert.Equal(cursor, parsed);
        Assert.Equal([4990L, 4995, 4999], parsed.Pending);
        Assert.Equal(77, parsed.PendingSequence);
    }

    [Fact]
    public void Reading_an_event_of_a_pending_transaction_keeps_the_later_pending_ones()
    {
        var cursor = new FeedCursor(5000, 0, [4990, 4995]);

        var next = cursor.After(4990, 12);

        Assert.Equal(new FeedCursor(5000, 0, [4990, 4995], 12), next);
        Assert.Equal(new FeedCursor(5000, 0, [4995], 13), next.After(4995, 13));
        Assert.Equal(new FeedCursor(5001, 14), next.After(5001, 14));
    }

    [Fact]
    public void An_empty_page_moves_to_the_horizon_only_when_no_pending_transaction_is_still_running()
    {
        var cursor = new FeedCursor(5000, 3, [4990, 4995], 9);

        Assert.Equal(new FeedCursor(5000, 3, [4995]), cursor.AdvancedTo(4993));
        Assert.Equal(cursor, cursor.AdvancedTo(4980));
        Assert.Equal(new FeedCursor(5000, 3), cursor.AdvancedTo(4999));
        Assert.Equal(new FeedCursor(6000, 0), cursor.AdvancedTo(6000));
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA")] // 18 bytes: neither form
    public void Malformed_text_is_rejected(string text) => Assert.False(FeedCursor.TryParse(text, out _));

    [Fact]
    public void Pending_transactions_out_of_order_are_rejected()
    {
        var text = new FeedCursor(5000, 0, [4995, 4999]).ToString();
        var swapped = new FeedCursor(5000, 0, [4999, 4995]).ToString(); // written as given, parsed strictly

        Assert.True(FeedCursor.TryParse(text, out _));
        Assert.False(FeedCursor.TryParse(swapped, out _));
    }
}
