"""One OTLP/gRPC unary export through the gRPC C-core (python3-grpcio), for the end-to-end tests.

The request is the serialized Export*ServiceRequest the Java test wrote to a file; no generated code is needed
because the call is generic (no serializer: the bytes go out as they are). Prints one JSON line with the status
the server answered, so the test can assert on it.

usage: otlp_grpc_export.py HOST:PORT /package.Service/Method REQUEST_FILE [gzip]
"""
import json
import sys

import grpc


def main():
    target, method, request_file = sys.argv[1:4]
    compression = grpc.Compression.Gzip if sys.argv[4:5] == ["gzip"] else grpc.Compression.NoCompression
    with open(request_file, "rb") as f:
        request = f.read()
    # The C-core's default limits would refuse our own oversize tests before they leave the client.
    options = [("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", -1)]
    with grpc.insecure_channel(target, options=options) as channel:
        export = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
        try:
            response = export(request, timeout=30, compression=compression)
            print(json.dumps({"code": "OK", "details": "", "response": response.hex()}))
        except grpc.RpcError as e:
            print(json.dumps({"code": e.code().name, "details": e.details() or "", "response": ""}))


if __name__ == "__main__":
    main()
