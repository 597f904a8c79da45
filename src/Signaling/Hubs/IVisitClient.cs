namespace VideoVisit.Signaling.Hubs;

/// <summary>What the server says to a connected client. Families get <see cref="Lobby"/>; staff get <see cref="Presence"/> too.</summary>
public interface IVisitClient
{
    /// <summary>The caller's own view of the visit: lobby, live, paused or ended; mutes; the end time.</summary>
    Task Lobby(LobbyView view);

    /// <summary>Staff only: everyone connected, with role, admission and mutes, and the visit's controls.</summary>
    Task Presence(PresenceView view);

    /// <summary>A supervisor's warning, to one participant.</summary>
    Task Warning(WarningMessage warning);

    /// <summary>Staff only: the child asked to stop.</summary>
    Task HelpRequested(HelpRequest request);

    /// <summary>Staff only: a parent asked the supervisor for attention.</summary>
    Task AttentionRequested(AttentionRequest request);

    /// <summary>The server's (re)offer of the tracks this participant may receive, on their subscribe connection.</summary>
    Task SubscribeOffer(Media.SubscribeOfferMessage offer);

    /// <summary>Everyone: minutes left before the window closes (sent at five minutes).</summary>
    Task TimeWarning(int minutesLeft);

    /// <summary>Staff only: the recorder failed and recording was turned off ("recording failed: …").</summary>
    Task RecordingFailed(RecordingFailedMessage failure);

    /// <summary>This connection's access was withdrawn (a <c>VV_*</c> code); the server closes it right after.</summary>
    Task AccessRevoked(AccessRevokedMessage revoked);

    /// <summary>
    /// Whose media stopped arriving at the server just now (<see cref="Media.LinkWatch"/>): all of them to staff, to a
    /// family member only those whose media they may receive. An empty list: everyone's is back.
    /// </summary>
    Task LinkLost(Media.LinkLostMessage message);
}
