import BVCtlKit
import Foundation

exit(BVCtl.main(arguments: Array(CommandLine.arguments.dropFirst())))
