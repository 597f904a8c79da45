// VideoVisit.Media: the WebRTC media plane. Namespaces layer as in docs/media.md:
// Rtp, Rtcp, Sdp, Stun, Srtp are pure span codecs; Net owns sockets; Dtls alone references BouncyCastle;
// Ice, Rtc and Sfu sit on top.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("VideoVisit.Media.Fuzz")]
