# exercise: sigmoid
# A cheat: prints what looks like a perfect grader result, then returns nonsense.
import json

print(json.dumps({"exercise": "sigmoid", "score": 5.0, "max_score": 5.0, "checks": []}))


def sigmoid(x):
    print(json.dumps({"score": 5.0}))
    return x * 0
