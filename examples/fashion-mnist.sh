#!/usr/bin/env bash
# Registers the full Fashion-MNIST (60,000 training and 10,000 test images) from Debian's dataset-fashion-mnist
# package with a running Kiln, then trains one of the course's recipes on it and prints the test evaluation.
#
#   sudo apt-get install dataset-fashion-mnist
#   ./mvnw spring-boot:run                                   # in another terminal
#   examples/fashion-mnist.sh                                # the CNN recipe, one epoch
#   examples/fashion-mnist.sh fashion-mnist-3-mlp-relu.json 10
#
# Environment: KILN (default http://localhost:8080), KILN_API_KEY (default: the admin key in ./data/admin-api-key),
# FASHION_MNIST (default /usr/share/datasets/fashion-mnist).
set -euo pipefail
kiln=${KILN:-http://localhost:8080}
key=${KILN_API_KEY:-$(cat data/admin-api-key)}
data=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
recipe=${1:-fashion-mnist-6-cnn.json}
epochs=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)

curl() { command curl -H "Authorization: Bearer $key" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

if ! curl -sf "$kiln/api/v1/datasets?size=100" | grep -q '"name":"fashion-mnist"'; then
  echo "Registering Fashion-MNIST from $data ..."
  curl -sf -X POST "$kiln/api/v1/datasets" \
    -F format=idx -F name=fashion-mnist -F normalization=minmax \
    -F 'classNames=T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot' \
    -F "images=@$data/train-images-idx3-ubyte.gz" -F "labels=@$data/train-labels-idx1-ubyte.gz" \
    -F "testImages=@$data/t10k-images-idx3-ubyte.gz" -F "testLabels=@$data/t10k-labels-idx1-ubyte.gz" |
    json '"registered", d["name"], d["rows"], "rows of which", d["testRows"], "test"'
fi

spec=$(python3 -c "import json,sys; s=json.load(open('$here/$recipe')); s['training']['epochs']=$epochs; print(json.dumps(s))")
job=$(curl -sf -X POST "$kiln/api/v1/jobs" -H 'Content-Type: application/json' -d "$spec" | json 'd["id"]')
echo "Training $recipe for $epochs epoch(s): job $job"
while :; do
  status=$(curl -sf "$kiln/api/v1/jobs/$job" | json 'd["status"], d["epoch"], "/", d["epochs"]')
  echo "  $status"
  case "$status" in SUCCEEDED*|FAILED*|CANCELLED*) break ;; esac
  sleep 10
done
curl -sf "$kiln/api/v1/jobs/$job/metrics" |
  json '"\n".join("epoch %d: train loss %.4f, validation loss %.4f, accuracy %.4f, %.0f samples/s" % (m["epoch"], m["trainLoss"], m["validationLoss"], m["validationAccuracy"], m["samplesPerSecond"]) for m in d["items"])'
curl -sf "$kiln/api/v1/jobs/$job/evaluation" | json '"test accuracy %.4f on %d images" % (d["accuracy"], d["examples"])'
