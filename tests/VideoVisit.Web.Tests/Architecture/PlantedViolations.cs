// Planted violations of the namespace rules, compiled into this test assembly for TypeDependenciesTests to find.
// Nothing uses these types.
#pragma warning disable CS0649, CA1822, IDE0051

namespace VideoVisit.Web.Tests.Architecture.Planted.Host
{
    internal sealed class ViaField
    {
        public VideoVisit.Media.Sfu.ParticipantKey Key;
    }

    internal static class ViaSignature
    {
        public static string Name(VideoVisit.Media.Sfu.RoomId room) => room.Value;
    }

    internal static class ViaLambda
    {
        public static Func<string, string> Names() => id => new VideoVisit.Media.Sfu.RoomId(id).ToString();
    }

    internal static class Clean
    {
        public static string Name(string id) => id;
    }
}

namespace VideoVisit.Web.Tests.Architecture.Planted.Folders.A
{
    internal sealed class UsesB
    {
        public B.UsesA? Other;
    }
}

namespace VideoVisit.Web.Tests.Architecture.Planted.Folders.B
{
    internal sealed class UsesA
    {
        public A.UsesB? Other;
    }
}

namespace VideoVisit.Web.Tests.Architecture.Planted.Folders.C
{
    internal static class UsesBoth
    {
        public static object Make() => new A.UsesB { Other = new B.UsesA() };
    }
}
