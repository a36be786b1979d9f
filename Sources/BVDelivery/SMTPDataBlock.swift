/// The message as sent after DATA (RFC 5321 §4.5.2): every line ends in CRLF (a bare LF or CR
/// becomes CRLF, which servers require), a line starting with `.` gets a second `.`, and the
/// block ends with `.` on a line of its own. The server removes the added dots.
func smtpDataBlock(_ message: [UInt8]) -> [UInt8] {
    let (cr, lf, dot): (UInt8, UInt8, UInt8) = (13, 10, 46)
    var block: [UInt8] = []
    block.reserveCapacity(message.count + message.count / 40 + 5)
    var atLineStart = true
    var index = 0
    while index < message.count {
        let byte = message[index]
        index += 1
        if byte == cr || byte == lf {
            if byte == cr, index < message.count, message[index] == lf { index += 1 }
            block += [cr, lf]
            atLineStart = true
            continue
        }
        if atLineStart, byte == dot { block.append(dot) }
        block.append(byte)
        atLineStart = false
    }
    if !atLineStart { block += [cr, lf] }
    block += [dot, cr, lf]
    return block
}
