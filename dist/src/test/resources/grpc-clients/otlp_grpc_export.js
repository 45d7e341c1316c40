// One OTLP/gRPC unary export through Node's @grpc/grpc-js, for the end-to-end tests: the same interface as
// otlp_grpc_export.py. The request is the serialized Export*ServiceRequest the Java test wrote; serializers are
// the identity, so no generated code is needed. Prints one JSON line with the status the server answered.
//
// usage: node otlp_grpc_export.js HOST:PORT /package.Service/Method REQUEST_FILE [gzip]
'use strict';
const fs = require('fs');
const grpc = require('@grpc/grpc-js');

const [target, method, requestFile, compression] = process.argv.slice(2);
const options = {
  'grpc.max_send_message_length': -1,
  'grpc.max_receive_message_length': -1,
  // grpc-js names gzip 2, as the C-core does.
  ...(compression === 'gzip' ? { 'grpc.default_compression_algorithm': 2 } : {}),
};
const client = new grpc.Client(target, grpc.credentials.createInsecure(), options);
const identity = (bytes) => bytes;
const deadline = new Date(Date.now() + 30000);
client.makeUnaryRequest(method, identity, identity, fs.readFileSync(requestFile), new grpc.Metadata(),
  { deadline }, (error, response) => {
    const code = error ? grpc.status[error.code] : 'OK';
    console.log(JSON.stringify({
      code,
      details: error ? error.details : '',
      response: error ? '' : Buffer.from(response).toString('hex'),
    }));
    client.close();
  });
