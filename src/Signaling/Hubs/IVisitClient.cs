namespace VideoVisit.Signaling.Hubs;

/// <summary>What the server says to a connected client. Families get <see cref="Lobby"/>; staff get <see cref="Presence"/> too.</summary>
public interface IVisitClient
{
    /// <summary>The caller's own view of the visit: lobby, live, paused or ended; whether a supervisor is here.</summary>
    Task Lobby(LobbyView view);

    /// <summary>Staff only: everyone connected, with role and admission.</summary>
    Task Presence(PresenceView view);
}
